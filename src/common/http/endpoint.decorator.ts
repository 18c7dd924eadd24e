import { applyDecorators, createParamDecorator, ExecutionContext, Type } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblems } from 'src/common/http/api-problems.decorator';
import { parseIfMatch } from 'src/common/http/etag';

type Body = Type<unknown> | [Type<unknown>];

/** A response body, with what its status means where the status alone does not say it. */
type Response = Body | { type?: Body; description: string };

export interface EndpointOptions {
  /** The operationId: the method name of generated clients. */
  id: string;
  summary: string;
  description?: string;
  ok?: Response;
  created?: Response;
  /** 204: nothing in the body; the string says what was done. */
  noContent?: string;
  /** The problem+json statuses beyond the 401 and 403 that @Auth documents. */
  problems?: number[];
  /** The route takes If-Match: what a stale version means here. */
  ifMatch?: string;
}

const asOptions = (response: Response) =>
  Array.isArray(response) || typeof response === 'function' ? { type: response } : response;

/**
 * The OpenAPI side of a handler in one decorator (STYLE.md §2.5, §4.7): operation, success
 * response, problem responses and If-Match. Route and auth stay beside it, as in
 * `@Post() @Auth(...) @Endpoint({...})`.
 */
export function Endpoint(options: EndpointOptions) {
  const decorators: MethodDecorator[] = [
    ApiOperation({
      operationId: options.id,
      summary: options.summary,
      ...(options.description ? { description: options.description } : {}),
    }),
  ];
  if (options.ifMatch) {
    decorators.push(ApiHeader({ name: 'If-Match', required: false, description: options.ifMatch }));
  }
  if (options.ok) {
    decorators.push(ApiOkResponse(asOptions(options.ok)));
  }
  if (options.created) {
    decorators.push(ApiCreatedResponse(asOptions(options.created)));
  }
  if (options.noContent) {
    decorators.push(ApiNoContentResponse({ description: options.noContent }));
  }
  decorators.push(ApiProblems(...(options.problems ?? [])));
  return applyDecorators(...decorators);
}

/**
 * The version named by the request's If-Match header, or undefined without one (or `*`); a header
 * that is not an ETag this API issued is 400 INVALID_IF_MATCH.
 */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  parseIfMatch(context.switchToHttp().getRequest<Request>().headers['if-match']),
);
