// Core objects in Coin du Chef's field names (seeds 002 + 003): prenom, nom,
// courriel, roles UTILISATEUR / MODERATEUR / ADMIN, naive timestamps written
// 2024-01-01T00:00:00 (UTC). Response schemas strip every unlisted field.

import { Type, type Static } from '@fastify/type-provider-typebox';
import { Nullable } from '../../http/schema-types.js';
import type { Role, User } from '../../core/model.js';
import { RECIPE_STATUSES, type Recipe } from './recipes/model.js';

export const WIRE_ROLES = ['ADMIN', 'MODERATEUR', 'UTILISATEUR'] as const;
export type WireRole = (typeof WIRE_ROLES)[number];

const TO_WIRE_ROLE: Record<Role, WireRole> = { ADMIN: 'ADMIN', MODERATOR: 'MODERATEUR', USER: 'UTILISATEUR' };
const FROM_WIRE_ROLE: Record<WireRole, Role> = { ADMIN: 'ADMIN', MODERATEUR: 'MODERATOR', UTILISATEUR: 'USER' };

export const roleToWire = (role: Role): WireRole => TO_WIRE_ROLE[role];
export const roleFromWire = (role: WireRole): Role => FROM_WIRE_ROLE[role];

/** The document's format: seconds, no zone (the service's clock is UTC). */
export const timestamp = (date: Date): string => date.toISOString().slice(0, 19);

export const RoleSchema = Type.Enum([...WIRE_ROLES]);
export const RecipeStatusSchema = Type.Enum([...RECIPE_STATUSES]);


export const UserSchema = Type.Object({
  id: Type.Integer(),
  prenom: Nullable(Type.String()),
  nom: Nullable(Type.String()),
  courriel: Type.String(),
  role: RoleSchema,
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type WireUser = Static<typeof UserSchema>;

export function userToWire(user: User): WireUser {
  return {
    id: user.id,
    prenom: user.firstName,
    nom: user.lastName,
    courriel: user.email,
    role: roleToWire(user.role),
    created_at: timestamp(user.createdAt),
    updated_at: timestamp(user.updatedAt),
  };
}

export const RecipeSchema = Type.Object({
  id: Type.Integer(),
  titre: Type.String(),
  contenu: Type.String(),
  status: RecipeStatusSchema,
  auteur_id: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type WireRecipe = Static<typeof RecipeSchema>;

export function recipeToWire(recipe: Recipe): WireRecipe {
  return {
    id: recipe.id,
    titre: recipe.title,
    contenu: recipe.content,
    status: recipe.status,
    auteur_id: recipe.authorId,
    created_at: timestamp(recipe.createdAt),
    updated_at: timestamp(recipe.updatedAt),
  };
}

/** Core field names → the names this API's clients sent, for error `loc`s. */
export const WIRE_FIELDS: Record<string, string> = {
  email: 'courriel',
  password: 'mot_de_passe',
  first_name: 'prenom',
  last_name: 'nom',
  role: 'role',
  title: 'titre',
  content: 'contenu',
  status: 'status',
};

/** FastAPI's error bodies: a message, or the validation list. */
export const DetailSchema = Type.Object({ detail: Type.String() });
export const ValidationItemSchema = Type.Object({
  loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
  msg: Type.String(),
  type: Type.String(),
});
export const ValidationSchema = Type.Object({ detail: Type.Array(ValidationItemSchema) });
export type ValidationItem = Static<typeof ValidationItemSchema>;
/** The documented 404 of /utilisateurs: {"message": "l'id 999"}. */
export const MessageSchema = Type.Object({ message: Type.String() });
