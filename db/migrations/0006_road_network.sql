-- Road network for the drive-time model (issue 6). Imported from an OpenStreetMap extract by
-- `npm run roads:import -- <file.osm.pbf>` (db/src/roads). Plain tables and GiST indexes only, so the embedded
-- PGlite (no pgRouting) holds the same network as PostgreSQL; the column names (source, target, cost,
-- reverse_cost) are also the ones pgRouting expects, so `pgr_dijkstraCost` can read road_edges as it is.

-- One imported extract: where it came from and the area it covers.
CREATE TABLE road_networks (
  id bigserial PRIMARY KEY,
  source text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  nodes integer NOT NULL,
  edges integer NOT NULL,
  -- Convex hull of the nodes: "a network is loaded for this area".
  hull geometry(Geometry, 4326)
);

-- Graph vertices: way ends and junctions (nodes shared by two or more routable ways); `id` is the OSM node id.
CREATE TABLE road_nodes (
  id bigint PRIMARY KEY,
  geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX road_nodes_geom_idx ON road_nodes USING gist (geom);

-- Graph edges: a piece of one way between two vertices, stored in the way's driving direction.
-- cost/reverse_cost are seconds at the class speed; reverse_cost < 0 means one-way (pgRouting convention).
CREATE TABLE road_edges (
  id bigserial PRIMARY KEY,
  osm_way_id bigint NOT NULL,
  source bigint NOT NULL REFERENCES road_nodes (id) ON DELETE CASCADE,
  target bigint NOT NULL REFERENCES road_nodes (id) ON DELETE CASCADE,
  road_class text NOT NULL,
  length_m double precision NOT NULL CHECK (length_m >= 0),
  speed_kmh double precision NOT NULL CHECK (speed_kmh > 0),
  oneway boolean NOT NULL,
  cost double precision NOT NULL CHECK (cost >= 0),
  reverse_cost double precision NOT NULL,
  geom geometry(LineString, 4326) NOT NULL,
  CHECK ((oneway AND reverse_cost < 0) OR (NOT oneway AND reverse_cost = cost))
);
CREATE INDEX road_edges_source_idx ON road_edges (source);
CREATE INDEX road_edges_target_idx ON road_edges (target);

-- Move-up orders (coverage page: a dispatcher accepts a suggestion to post an idle unit at another station).
-- The unit stays available while it drives there; coverage follows its positions. Kept as history.
CREATE TABLE relocations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id bigint NOT NULL REFERENCES units (id),
  station_id bigint NOT NULL REFERENCES stations (id),
  ordered_at timestamptz NOT NULL DEFAULT now(),
  actor text,
  -- Residents the move-up model expected to gain when it was ordered (null: ordered without a suggestion).
  expected_gain_population integer CHECK (expected_gain_population >= 0)
);
CREATE INDEX relocations_unit ON relocations (unit_id, ordered_at DESC);
