-- Benchmarkregel (fictief): de tweede tafel is voor kwart-voor-twaalf- en evaluatiegesprekken.
contract = 1
local tweede = { ["kwart-voor-twaalf"] = true, ["evaluatie"] = true }
function toelaten(zaak, plek)
  if plek.regio == "regio-17" and plek.tafel == 2 then return tweede[zaak.soort] == true end
  return true
end
