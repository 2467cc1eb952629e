-- Benchmarkregel (fictief): Food Valley houdt kinderen vanaf 12 met hun eigen gesprek in de
-- ochtend, en cases uit Wageningen en Renswoude in Wageningen.
contract = 1

local west = { ["Wageningen"] = true, ["Renswoude"] = true }

function toelaten(zaak, plek)
  if plek.regio ~= "food-valley" then return true end
  local uur = tonumber(string.sub(plek.begintijd, 1, 2))
  if zaak.oudste_kind ~= nil and zaak.oudste_kind >= 12 then return uur < 13 end
  return true
end

function locatie(zaak, plek)
  if plek.regio == "food-valley" and west[zaak.gemeente] then
    return "Stadhuis Wageningen (fictief)"
  end
  return nil
end
