-- Benchmarkregel (fictief): twee locaties en een extra deelnemer bij evaluaties.
contract = 1
function locatie(zaak, plek)
  if plek.tafel == 2 then return "Tweede locatie (fictief)" end
  return nil
end
function deelnemers(zaak)
  if zaak.soort == "evaluatie" then return { "jeugdarts" } end
  return {}
end
