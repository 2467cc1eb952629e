-- Benchmarkregel (fictief): in Rijk van Nijmegen is de woensdagtafel alleen voor gezinnen met
-- drie of meer kinderen of een kwart-voor-twaalfgesprek (een ervaren voorzitter).
contract = 1

function toelaten(zaak, plek)
  if plek.regio ~= "rijk-van-nijmegen" or plek.weekdag ~= "woensdag" then return true end
  return zaak.kinderen >= 3 or zaak.soort == "kwart-voor-twaalf"
end
