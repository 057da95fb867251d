/** Generates the standalone validator module's source from the schema. */
export function generate(): string;
export function generateSources(): string;
