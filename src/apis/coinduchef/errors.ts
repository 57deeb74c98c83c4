// The one place where core and Fastify errors become Coin du Chef's FastAPI-style
// bodies: {"detail": "…"} or the validation list, the documented 404 bodies of
// /utilisateurs ({"message": "l'id 999"}), and a request id on every 500.
//
// Validation failures answer 400, not FastAPI's default 422: the documents list
// the status codes the service uses, and "données invalides" is a 400 there.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CURRENT_PASSWORD_FIELD } from '../../core/account-update.js';
import type { CoreError, ErrorCode, PolicyRule } from '../../core/errors.js';
import { ROLE_GIVEN_BY_ADMIN } from '../../core/policy.js';
import { classifyFailure } from '../../http/failures.js';
import { fieldsDetail, validationDetail } from './validation-detail.js';
import type { ValidationItem } from './wire.js';

export const VALIDATION_STATUS = 400;
export const TOKEN_INVALID = 'Token invalide ou vide.';
export const BAD_CREDENTIALS = 'Identifiants incorrects';
const TOO_MANY = 'Trop de tentatives ; réessayez plus tard.';
export const ROLE_BY_ADMIN =
  "Les rôles MODERATEUR et ADMIN sont attribués par un administrateur ; l'inscription crée un compte UTILISATEUR.";
export const CURRENT_PASSWORD_MISSING =
  'Le mot de passe actuel (mot_de_passe_actuel) est requis pour changer son propre mot de passe.';
export const CURRENT_PASSWORD_WRONG = 'Le mot de passe actuel (mot_de_passe_actuel) est incorrect.';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Status of a missing or bad token on this route: 400 on /users/me/ (documented), else 401. */
    coinduchefTokenStatus?: 400 | 401;
    /** On /utilisateurs/{id} updates, invalid_credentials is a wrong mot_de_passe_actuel: a 400. */
    coinduchefChecksCurrentPassword?: boolean;
  }
}

/**
 * Every core code, so a new one does not compile until this API says how it looks:
 * [status, detail], or how the code is answered when its body is built below.
 */
type Answer = [number, string] | 'token' | 'validation' | 'policy' | 'not_found';
const ANSWERS: Record<ErrorCode, Answer> = {
  validation_failed: 'validation',
  policy_violation: 'policy',
  not_found: 'not_found',
  unauthenticated: 'token',
  token_invalid: 'token',
  token_expired: 'token',
  session_expired: 'token',
  email_taken: [400, 'Un utilisateur avec ce courriel existe déjà.'],
  username_taken: [400, "Ce nom d'utilisateur est déjà pris."],
  invalid_credentials: [401, BAD_CREDENTIALS],
  invalid_grant: [401, BAD_CREDENTIALS],
  email_not_verified: [403, "L'adresse courriel de ce compte n'est pas encore vérifiée."],
  forbidden: [403, 'Droits insuffisants pour cette opération.'],
  last_admin: [400, 'Le dernier administrateur ne peut être ni rétrogradé ni supprimé.'],
  too_many_attempts: [429, TOO_MANY],
};
function policyMessage(rule: PolicyRule, minLength: number): string {
  switch (rule) {
    case 'too_short':
      return `Le mot de passe doit contenir au moins ${minLength} caractères.`;
    case 'too_long':
      return 'Le mot de passe doit contenir au plus 256 caractères.';
    case 'common_password':
      return 'Ce mot de passe est trop courant.';
    case 'contains_email':
      return 'Le mot de passe ne doit pas être le courriel.';
    case 'same_as_current':
      return "Le nouveau mot de passe doit être différent de l'actuel.";
    default:
      return 'Le mot de passe ne respecte pas la politique de mots de passe.';
  }
}

export const sendDetail = (reply: FastifyReply, status: number, detail: string | ValidationItem[]) =>
  reply.code(status).send({ detail });

function notFound(request: FastifyRequest, reply: FastifyReply, error: CoreError) {
  const params = (request.params ?? {}) as { id?: unknown; courriel?: unknown };
  if (error.details.resource === 'user' && typeof params.courriel === 'string') {
    return reply.code(404).send({ message: `le courriel ${params.courriel}` });
  }
  if (error.details.resource === 'user' && params.id !== undefined) {
    return reply.code(404).send({ message: `l'id ${String(params.id)}` });
  }
  return sendDetail(reply, 404, error.details.resource === 'recipe' ? 'Recette non trouvée.' : 'Not Found');
}

/** Kernel rules this API words as one French sentence rather than a field list. */
function ruleDetail(fields: Record<string, string[]>): string | null {
  if (fields.role?.includes(ROLE_GIVEN_BY_ADMIN)) return ROLE_BY_ADMIN;
  if (fields[CURRENT_PASSWORD_FIELD]) return CURRENT_PASSWORD_MISSING;
  return null;
}

function coreError(error: CoreError, request: FastifyRequest, reply: FastifyReply, minLength: number) {
  if (error.code === 'invalid_credentials' && request.routeOptions.config.coinduchefChecksCurrentPassword) {
    return sendDetail(reply, 400, CURRENT_PASSWORD_WRONG);
  }
  const answer = ANSWERS[error.code];
  switch (answer) {
    case 'token': {
      const status = request.routeOptions.config.coinduchefTokenStatus ?? 401;
      if (status === 401) reply.header('www-authenticate', 'Bearer');
      return sendDetail(reply, status, TOKEN_INVALID);
    }
    case 'validation': {
      const fields = error.details.fields ?? {};
      return sendDetail(reply, VALIDATION_STATUS, ruleDetail(fields) ?? fieldsDetail(fields));
    }
    case 'policy': {
      const items = (error.details.rules ?? []).map((rule) => ({
        loc: ['body', 'mot_de_passe'],
        msg: policyMessage(rule, minLength),
        type: 'value_error',
      }));
      return sendDetail(reply, VALIDATION_STATUS, items);
    }
    case 'not_found':
      return notFound(request, reply, error);
    default: {
      const [status, detail] = answer;
      if (status === 401) reply.header('www-authenticate', 'Bearer');
      return sendDetail(reply, status, detail);
    }
  }
}

export function coinduchefErrorHandler(options: { passwordMinLength: number }) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const failed = classifyFailure(error, request, reply);
    switch (failed.kind) {
      case 'core':
        return coreError(failed.error, request, reply, options.passwordMinLength);
      case 'validation': {
        const bodyPresent = request.body !== undefined && request.body !== null;
        return sendDetail(reply, VALIDATION_STATUS, validationDetail(error, bodyPresent));
      }
      case 'unsupported_media_type': {
        const msg = 'Input should be a valid dictionary or object to extract fields from';
        return sendDetail(reply, VALIDATION_STATUS, [{ loc: ['body'], msg, type: 'model_attributes_type' }]);
      }
      case 'payload_too_large':
        return sendDetail(reply, 413, 'Request Entity Too Large');
      case 'rate_limited':
        return sendDetail(reply, 429, TOO_MANY);
      case 'bad_request':
        return unreadableBody(error, reply) ?? sendDetail(reply, failed.status, 'Bad Request');
      case 'internal':
        return reply.code(500).send({ detail: 'Internal Server Error', request_id: failed.requestId });
    }
  };
}

/** A body FastAPI could not read is one of its validation lists, not a bare 400. */
function unreadableBody(error: FastifyError, reply: FastifyReply) {
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return sendDetail(reply, VALIDATION_STATUS, [{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  }
  if (error.statusCode === 400 && /json/i.test(`${error.code} ${error.message}`)) {
    return sendDetail(reply, VALIDATION_STATUS, [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }]);
  }
  return null;
}

/** FastAPI's answer to an unknown path. */
export function coinduchefNotFoundHandler(_request: FastifyRequest, reply: FastifyReply) {
  return sendDetail(reply, 404, 'Not Found');
}
