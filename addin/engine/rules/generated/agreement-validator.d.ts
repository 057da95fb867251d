export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
export interface ValidateFn {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
export const validate: ValidateFn;
export default validate;
