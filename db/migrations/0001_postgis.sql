-- PostGIS first: every later migration stores geometry in SRID 4326 (WGS-84).
CREATE EXTENSION IF NOT EXISTS postgis;
