// Types for the parts of tiny-osmpbf (pure-JS OSM PBF reader, no bundled types) that the importer uses.
declare module 'tiny-osmpbf' {
  export interface OsmPbfNode {
    type: 'node';
    id: number;
    lon: number;
    lat: number;
    tags?: Record<string, string>;
  }
  export interface OsmPbfWay {
    type: 'way';
    id: number;
    nodes: number[];
    tags?: Record<string, string>;
  }
  export interface OsmPbfRelation {
    type: 'relation';
    id: number;
    tags?: Record<string, string>;
  }
  export type OsmPbfElement = OsmPbfNode | OsmPbfWay | OsmPbfRelation;
  function tinyosmpbf(data: Uint8Array, handler?: (element: OsmPbfElement) => void): unknown;
  export default tinyosmpbf;
}
