-- Benchmarkregel (fictief): de middag is voor kwart-voor-twaalfgesprekken.
contract = 1
function toelaten(zaak, plek)
  if plek.regio == "regio-01" and plek.begintijd >= "13:00" then return zaak.soort == "kwart-voor-twaalf" end
  return true
end
