import { createContext, useContext, type ReactNode } from 'react';
import type { Agreement, Catalog } from '../addin/api';
import type { WorkbookPort } from '../addin/workbook/port';

/** An agreement read from a rule file in this session ("Läs in regelfil …"). */
export interface LoadedAgreement {
  id: string;
  file: string;
  /** True when it replaced an agreement loaded earlier from a file under the same id. */
  replaced: boolean;
  /** The file's own id when that was a built-in agreement's (it is then loaded as `id`). */
  renamedFrom?: string;
}

/** What every pane needs: the workbook (through the port) and the rule catalog. */
export interface PaneContext {
  port: WorkbookPort;
  /** The built-in agreements plus any read from a rule file in this session. */
  catalog: Catalog;
  /** Agreements read from rule files in this session, oldest first. */
  loaded: readonly LoadedAgreement[];
  /** Add a user's agreement for this session, for every pane (never over a built-in one). */
  addAgreement: (agreement: Agreement, file: string, sha256: string) => LoadedAgreement;
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
