-- Eigen regels van de Achterhoek (fictief voorbeeld), hookcontract 1: zie docs/plugins.md.
-- Een hook krijgt geen namen en geen datums, alleen de soort zaak, de gemeente, aantallen en
-- leeftijden (zaak) en de tafelplek (plek).
contract = 1

-- De oostelijke gemeenten komen aan tafel in Winterswijk; de andere in Doetinchem (het adres in
-- regio.yaml).
local oost = { ["Winterswijk"] = true, ["Aalten"] = true, ["Oost Gelre"] = true, ["Berkelland"] = true }

function locatie(zaak, plek)
  if plek.regio == "achterhoek" and oost[zaak.gemeente] then
    return "Kulturhus Winterswijk (fictief), Meddosestraat 1, 7101 AA Winterswijk"
  end
  return nil  -- de locatie uit regio.yaml
end

-- De laatste plek van de dag (15:00) houden we vrij voor kwart-voor-twaalfgesprekken: die moeten
-- snel kunnen, voordat de zorgen groter worden.
function toelaten(zaak, plek)
  if plek.regio == "achterhoek" and plek.begintijd == "15:00" then
    return zaak.soort == "kwart-voor-twaalf"
  end
  return true
end

-- Bij een toetsing van een OTS-beëindiging schuift de gedragswetenschapper van de GI aan.
function deelnemers(zaak)
  if zaak.soort == "ots-beeindiging" then
    return { "gedragswetenschapper GI" }
  end
  return {}
end

-- Een OTS-beëindiging meldt de GI ruim van tevoren aan: daarvoor geldt een norm van 28 dagen.
function normdagen(zaak)
  if zaak.soort == "ots-beeindiging" then
    return 28
  end
  return nil  -- de norm uit regio.yaml
end
