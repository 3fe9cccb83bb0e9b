-- Streets on the map and in the address search (issue 18). The road import (`npm run roads:import`) now keeps
-- what a map and a search need besides the routable graph: names and classes of the edges, water and landuse,
-- named places and POIs. Everything here is replaced by each import, in the import's transaction.

-- Names and drawing attributes of the routable edges. `name_zh` is OSM `name:zh` (preferred for labels).
ALTER TABLE road_edges
  ADD COLUMN name text,
  ADD COLUMN name_zh text,
  ADD COLUMN ref text,
  ADD COLUMN bridge boolean NOT NULL DEFAULT false,
  ADD COLUMN tunnel boolean NOT NULL DEFAULT false;

-- Snapping a point to the nearest edge and cutting vector tiles both search edges by area.
CREATE INDEX road_edges_geom_idx ON road_edges USING gist (geom);

-- The import streams edges into the table before it knows every vertex: the vertex rows follow in the same
-- transaction, so the references are checked at commit.
ALTER TABLE road_edges DROP CONSTRAINT road_edges_source_fkey;
ALTER TABLE road_edges DROP CONSTRAINT road_edges_target_fkey;
ALTER TABLE road_edges ADD CONSTRAINT road_edges_source_fkey FOREIGN KEY (source) REFERENCES road_nodes (id)
  ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE road_edges ADD CONSTRAINT road_edges_target_fkey FOREIGN KEY (target) REFERENCES road_nodes (id)
  ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;

-- Water (areas and waterway lines) and land use/parks from closed ways, for the basemap.
CREATE TABLE map_features (
  id bigserial PRIMARY KEY,
  osm_way_id bigint NOT NULL,
  layer text NOT NULL CHECK (layer IN ('water', 'waterway', 'landuse')),
  class text NOT NULL,
  name text,
  geom geometry(Geometry, 4326) NOT NULL
);
CREATE INDEX map_features_geom_idx ON map_features USING gist (geom);

-- Named things a dispatcher searches for and the map labels: place nodes (city, town, village, hamlet …),
-- POIs (amenity, shop, tourism …, incl. nodes that are only an address) and streets (one row per street name,
-- at a point on the street). pinyin/initials are filled for Chinese names, as for the gazetteer's places.
CREATE TABLE map_pois (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('place', 'poi', 'address', 'street')),
  class text NOT NULL,
  name text NOT NULL,
  name_zh text,
  pinyin text NOT NULL DEFAULT '',
  initials text NOT NULL DEFAULT '',
  addr text,
  geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX map_pois_geom_idx ON map_pois USING gist (geom);
CREATE INDEX map_pois_initials_idx ON map_pois (initials text_pattern_ops);
CREATE INDEX map_pois_pinyin_idx ON map_pois (pinyin text_pattern_ops);
