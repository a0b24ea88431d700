// Durations have one owner, server/core/duration.ts; the policy engine's modules import them from here.
export { parseDuration, isDuration, formatDuration } from '../../core/duration';
