import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidateIf, ValidationError, ValidationOptions, ValidateBy } from 'class-validator';
import { DomainError, FieldError, instantProblem } from '@cg/domain';

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/** Validates an optional field only when it is present: `null` is refused, not taken for absent. */
export const IfPresent = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** An RFC 3339 timestamp with a zone naming a real instant, by the domain's own parser (which says what is wrong). */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value) => typeof value === 'string' && instantProblem(value) === null,
      defaultMessage: (args) => instantProblem(String(args?.value)) ?? '',
    },
  }, options);

export interface Validated<T> {
  value: T;
  errors: FieldError[];
}

/**
 * Checks plain input against a DTO class: strict (unknown fields are errors) and naming every
 * offending field. `convert` applies the DTO's `@Type` conversions (query strings → numbers); event
 * bodies are validated as sent. `path` prefixes field names, e.g. `events[3]`.
 */
export function validateInput<T extends object>(dto: new () => T, input: unknown, options: { convert?: boolean; path?: string } = {}): Validated<T> {
  const path = options.path ?? '';
  if (!isJsonObject(input)) {
    return { value: new dto(), errors: [{ field: path || 'body', message: 'must be a JSON object' }] };
  }
  // An own `constructor` key would hide the DTO class from class-validator: refuse it up front.
  const hasConstructor = Object.prototype.hasOwnProperty.call(input, 'constructor');
  const fields = hasConstructor ? Object.fromEntries(Object.entries(input).filter(([key]) => key !== 'constructor')) : input;
  const value = options.convert ? plainToInstance(dto, fields) : Object.assign(new dto(), fields);
  const errors = flatten(validateSync(value, VALIDATOR_OPTIONS), path);
  if (hasConstructor) errors.push({ field: join(path, 'constructor'), message: 'is not a known field' });
  return { value, errors };
}

export function isJsonObject(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/** Turns class-validator's tree into one entry per field, `events[3].occurred_at` style. */
function flatten(errors: ValidationError[], path: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = join(path, error.property);
    const own = error.constraints ? [{ field, message: messageOf(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function messageOf(constraints: Record<string, string>): string {
  if (constraints.whitelistValidation) return 'is not a known field';
  if (constraints.isDefined) return constraints.isDefined;
  return Object.values(constraints).join('; ');
}

function join(path: string, property: string): string {
  if (!path) return property;
  return /^\d+$/.test(property) ? `${path}[${property}]` : `${path}.${property}`;
}

export function validationFailed(errors: FieldError[]): DomainError {
  const count = new Set(errors.map((e) => e.field)).size;
  return new DomainError('validation_failed', `${count} field${count === 1 ? ' is' : 's are'} invalid`, errors);
}

/** Validates `@Query()` / `@Param()` objects against their DTO class (the parameter's type). */
@Injectable()
export class InputPipe implements PipeTransform {
  transform(input: unknown, metadata: ArgumentMetadata): unknown {
    const dto = metadata.metatype as (new () => object) | undefined;
    if (!dto || [String, Number, Boolean, Object, Array].includes(dto as never)) return input;
    const { value, errors } = validateInput(dto, input, { convert: true });
    if (errors.length) throw validationFailed(errors);
    return value;
  }
}

/** A POST without a body (and so without a content type) is a 400, like an empty JSON body. */
@Injectable()
export class RequiredBodyPipe implements PipeTransform {
  transform(body: unknown): unknown {
    if (body === undefined) throw new BadRequestException('request body is empty; send a JSON object with content-type application/json');
    return body;
  }
}
