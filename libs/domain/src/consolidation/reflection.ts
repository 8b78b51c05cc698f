/** SPEC §6: an agent scope reflects (consolidates) once its events' summed importance since the last reflection exceeds this. */
export const DEFAULT_REFLECTION_THRESHOLD = 150;

/** Whether an agent scope's importance summed since its last reflection calls for one (strictly above the threshold). */
export function reflectionDue(importanceSinceLastReflection: number, threshold = DEFAULT_REFLECTION_THRESHOLD): boolean {
  return importanceSinceLastReflection > threshold;
}
