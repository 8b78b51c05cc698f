import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

class FieldErrorDoc {
  @ApiProperty({ example: 'events[3].occurred_at' }) field!: string;
  @ApiProperty() message!: string;
}

class ErrorDoc {
  @ApiProperty({ example: 'validation_failed' }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: [FieldErrorDoc] }) details!: FieldErrorDoc[];
}

/** The one error shape, for the OpenAPI document. */
export class ErrorResponseDoc {
  @ApiProperty({ type: ErrorDoc }) error!: ErrorDoc;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON or empty body',
  401: 'Missing or unknown API key',
  403: 'The route needs an admin API key',
  404: 'Not found (or another tenant\'s)',
  409: 'Conflict',
  410: 'Cursor expired',
  413: 'Body over the size cap',
  415: 'Content type is not application/json',
  422: 'A field breaks a rule; every offending field is named',
  429: 'The API key\'s rate limit is used up; see Retry-After',
  503: 'Unavailable for now: storage unreachable, or (ingest) a pipeline stage past INGEST_BACKLOG_LIMIT; see Retry-After',
};

/** Documents error answers of a route, all in the one error shape. */
export const ApiErrors = (...statuses: number[]): MethodDecorator =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponseDoc })));
