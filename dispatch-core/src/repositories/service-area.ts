import { geography } from '@c120/db/repositories';

/**
 * How far a point lies outside the service area (the county boundary in `regions`), in metres: 0 inside or
 * within `marginM` of it (nothing more to say), null when no boundary is loaded (no check possible).
 */
export const metresOutsideServiceArea = geography.metresOutsideServiceArea;
