export interface LayoutMap {
  files: Record<string, string>;
  names: Record<string, Record<string, string>>;
}
export function loadMap(file: string): LayoutMap;
export function remapText(text: string, file: string, map: LayoutMap, exists: (path: string) => boolean): string;
