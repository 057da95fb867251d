import type { SourceInfo } from '../../model';
export const SOURCES: SourceInfo[];
