-- Destinations by specialty (issue 12). What the incident needs from a hospital is decided once, when the call is
-- taken or its complaint corrected (complaint → 胸痛/卒中/创伤/孕产妇/新生儿中心 by the centre's rules, plus
-- negative-pressure isolation for an infectious patient), and stored with the incident; the specialties the chosen
-- destination lacks are stored with the choice, so the flag on the board is a recorded fact, not a guess made later
-- from hospital data that may have changed since.
ALTER TABLE incidents
  ADD COLUMN needed_specialties text[] NOT NULL DEFAULT '{}',
  ADD COLUMN destination_missing_specialties text[] NOT NULL DEFAULT '{}';
