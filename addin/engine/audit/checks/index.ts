/** Every check the audit runs, in the order their findings are listed for a cell. */
import { allocationChecks } from './allocation';
import { arithmeticChecks } from './arithmetic';
import { budgetChecks } from './budget';
import { factChecks } from './facts';
import { formChecks } from './forms';
import { inputChecks } from './input';
import { svfChecks } from './svf';
import type { Check } from '../types';

export const CHECKS: readonly Check[] = [...inputChecks, ...arithmeticChecks, ...allocationChecks, ...factChecks, ...svfChecks, ...budgetChecks, ...formChecks];

export { allocationChecks, arithmeticChecks, budgetChecks, factChecks, inputChecks, svfChecks };
