-- Benchmarkregel (fictief): een OTS-beëindiging heeft een norm van 28 dagen.
contract = 1
function normdagen(zaak)
  if zaak.soort == "ots-beeindiging" then return 28 end
  return nil
end
