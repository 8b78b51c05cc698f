import { Injectable, PipeTransform } from '@nestjs/common';

/** A POST whose body may be left out: no body reads as `{}` (a body that is there is validated as sent). */
@Injectable()
export class OptionalBodyPipe implements PipeTransform {
  transform(body: unknown): unknown {
    return body === undefined ? {} : body;
  }
}
