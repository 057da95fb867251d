import type { SourceInfo } from '../../../core/model';
export const SOURCES: SourceInfo[];
