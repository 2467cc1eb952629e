-- Benchmarkregel (fictief): gesprekken met een kind alleen in de ochtend.
contract = 1
function toelaten(zaak, plek)
  if plek.regio ~= "regio-09" then return true end
  if zaak.oudste_kind ~= nil then return plek.begintijd < "13:00" end
  return true
end
