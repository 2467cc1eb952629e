-- Benchmarkregel (fictief): evaluaties binnen 21 dagen, en de vrijdag niet voor buurregio's.
contract = 1
function normdagen(zaak)
  if zaak.soort == "evaluatie" then return 21 end
  return nil
end
function toelaten(zaak, plek)
  if plek.regio == "regio-21" and plek.weekdag == "vrijdag" then return zaak.regio == "regio-21" end
  return true
end
