import type { default as AjvType, ErrorObject, ValidateFunction } from 'ajv';
import { SCHEMAS } from '../model/schemas';

export type SchemaName = 'DeploymentIntent' | 'ServiceIntent' | 'PlatformConfig';

let ajv: AjvType | undefined;
const validators = new Map<SchemaName, ValidateFunction>();

/** Compiled lazily: the server answers `initialize` before paying for schema compilation. */
export function validatorFor(name: SchemaName): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    // Loaded on first use: `initialize` should not wait for ajv's module body.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv') as { default: typeof AjvType }).default;
    ajv ??= new Ajv({
      allErrors: true,
      verbose: true,
      strict: false,
      allowUnionTypes: true,
      schemas: [SCHEMAS.deployment, SCHEMAS.service, SCHEMAS.platform],
    });
    const id =
      name === 'ServiceIntent'
        ? SCHEMAS.service.$id
        : name === 'PlatformConfig'
          ? SCHEMAS.platform.$id
          : SCHEMAS.deployment.$id;
    v = ajv.getSchema(id!)!;
    validators.set(name, v);
  }
  return v;
}

export function validate(name: SchemaName, value: unknown): ErrorObject[] {
  const v = validatorFor(name);
  return v(value) ? [] : [...(v.errors ?? [])];
}
