-- Benchmarkregel (fictief): Rivierenland geeft LET JB-zaken een norm van 10 dagen en laat bij
-- een evaluatie de jeugdarts aanschuiven.
contract = 1

function normdagen(zaak)
  if zaak.let_jb then return 10 end
  return nil
end

function deelnemers(zaak)
  if zaak.soort == "evaluatie" then return { "jeugdarts" } end
  return {}
end
