// Types for the parts of tiny-osmpbf (pure-JS OSM PBF reader, no bundled types) that the importer uses.
declare module 'tiny-osmpbf' {
  interface OsmPbfNode {
    type: 'node';
    id: number;
    lon: number;
    lat: number;
    tags?: Record<string, string>;
  }
  interface OsmPbfWay {
    type: 'way';
    id: number;
    nodes: number[];
    tags?: Record<string, string>;
  }
  interface OsmPbfRelation {
    type: 'relation';
    id: number;
    tags?: Record<string, string>;
  }
  type OsmPbfElement = OsmPbfNode | OsmPbfWay | OsmPbfRelation;
  function tinyosmpbf(data: Uint8Array, handler?: (element: OsmPbfElement) => void): unknown;
  export default tinyosmpbf;
}
