import { createContext, useContext, type ReactNode } from 'react';
import type { Catalog } from '../addin/model';
import type { WorkbookPort } from '../addin/workbook/port';

/** What every pane needs: the workbook (through the port) and the rule catalog. */
export interface PaneContext {
  port: WorkbookPort;
  catalog: Catalog;
}

const Ctx = createContext<PaneContext | null>(null);

export function PaneProvider({ value, children }: { value: PaneContext; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function usePane(): PaneContext {
  const v = useContext(Ctx);
  if (!v) throw new Error('usePane() outside <PaneProvider>');
  return v;
}
