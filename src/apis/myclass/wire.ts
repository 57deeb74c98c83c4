// Core objects in seed 000's field names, and the TypeBox schemas of its answers.
// Every answer is `{"status": bool, "message": …}`; response schemas strip any
// field not listed, so nothing secret leaks through a forgotten property.

import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox';
import { Nullable, OneOf } from '../../http/schema-types.js';
import type { User } from '../../core/model.js';
import type { Goal } from './goals/model.js';
import type { Profile } from './profiles/model.js';

const Text = Nullable(Type.String());

export const AccountSchema = Type.Object({
  id: Type.Integer(),
  name: Text,
  surname: Text,
  email: Type.String(),
  /** Whether the activation link was opened. */
  active: Type.Boolean(),
  role: OneOf(['user', 'moderator', 'admin']),
  adr_street: Text,
  adr_city: Text,
  adr_zip: Text,
  /** The document's spelling, kept for its clients… */
  adr_county: Text,
  /** …and the one it says it meant. */
  adr_country: Text,
  mob_phone: Text,
  facebook: Text,
  twitter: Text,
  locale: Type.String(),
  date_creation: Type.String({ format: 'date-time' }),
  date_modif: Type.String({ format: 'date-time' }),
});

export const GoalSchema = Type.Object({
  email_user: Type.String(),
  name: Type.String(),
  description: Text,
  date_souhaite: Type.String({ format: 'date' }),
  domaine: Text,
  niveau: Text,
  date_modif: Type.String({ format: 'date-time' }),
});

export const ProfileSchema = Type.Object({
  email_user: Type.String(),
  nom_profil: Type.String(),
  niveau_etude: Text,
  domaine_etude: Text,
  diplome: Text,
  pays: Text,
  experience: Type.Object({ pays: Text, poste: Text, annees: Nullable(Type.Integer()) }),
  date_modif: Type.String({ format: 'date-time' }),
});

const Failure = Type.Object({ status: Type.Literal(false), message: Type.String() });
const failures = { 400: Failure, 404: Failure, 413: Failure, 415: Failure, 429: Failure, 500: Failure };

/**
 * The answer of a route whose success carries `data` (or a text) in `message`. A
 * failure answered 200 (errors.ts) is written without this schema: a union of the
 * two here would have the serializer validate the data on every answer.
 */
export const answer = (data: TSchema = Type.String()) => ({
  200: Type.Object({ status: Type.Boolean(), message: data }),
  ...failures,
});

export function accountToWire(user: User): Static<typeof AccountSchema> {
  return {
    id: user.id,
    name: user.firstName,
    surname: user.lastName,
    email: user.email,
    active: user.emailVerifiedAt !== null,
    role: user.role === 'ADMIN' ? 'admin' : user.role === 'MODERATOR' ? 'moderator' : 'user',
    adr_street: user.address.street,
    adr_city: user.address.city,
    adr_zip: user.address.zip,
    adr_county: user.address.country,
    adr_country: user.address.country,
    mob_phone: user.phone,
    facebook: user.social.facebook,
    twitter: user.social.twitter,
    locale: user.locale,
    date_creation: user.createdAt.toISOString(),
    date_modif: user.updatedAt.toISOString(),
  };
}

export function goalToWire(goal: Goal, owner: User): Static<typeof GoalSchema> {
  return {
    email_user: owner.email,
    name: goal.name,
    description: goal.description,
    date_souhaite: goal.desiredDate,
    domaine: goal.domain,
    niveau: goal.level,
    date_modif: goal.modifiedAt.toISOString(),
  };
}

export function profileToWire(profile: Profile, owner: User): Static<typeof ProfileSchema> {
  return {
    email_user: owner.email,
    nom_profil: profile.name,
    niveau_etude: profile.educationLevel,
    domaine_etude: profile.fieldOfStudy,
    diplome: profile.diploma,
    pays: profile.country,
    experience: {
      pays: profile.experience.country,
      poste: profile.experience.position,
      annees: profile.experience.years,
    },
    date_modif: profile.modifiedAt.toISOString(),
  };
}
