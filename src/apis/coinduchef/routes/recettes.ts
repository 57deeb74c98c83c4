// Recipes, for signed-in users: POST /recettes/ (the author's draft), PUT
// /recettes/{recette_id} (its author; the recipe goes back to draft), PATCH
// /recettes/{recette_id}/status (moderators and admins; an author may submit
// their own draft), and GET /recettes/ and /recettes/{recette_id} so a client can
// read what it wrote and everyone can read what is published.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiOptions } from '../../registry.js';
import { RECIPE_CONTENT_MAX, RECIPE_TITLE_MAX, type Recipes } from '../recipes/service.js';
import { bothSlashes, requireUser, signedIn } from '../auth.js';
import { ErrorResponses, ErrorSchema } from '../schemas.js';
import { RecipeSchema, RecipeStatusSchema, recipeToWire } from '../wire.js';
import { showAuthor, showAuthors } from '../ids.js';
import { IdInteger } from './utilisateurs-read.js';

const RecipeBody = Type.Object({
  titre: Type.String({ minLength: 1, maxLength: RECIPE_TITLE_MAX }),
  contenu: Type.String({ minLength: 1, maxLength: RECIPE_CONTENT_MAX }),
});
const StatusBody = Type.Object({ status: RecipeStatusSchema });
const RecipeParams = Type.Object({ recette_id: IdInteger });
const ListQuery = Type.Object({
  status: Type.Optional(RecipeStatusSchema),
  skip: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

const security = [{ bearer: [] }];
const tags = ['coinduchef'];
const responses = { 404: ErrorSchema, ...ErrorResponses };

export const recettesRoutes: FastifyPluginAsyncTypebox<ApiOptions & { recipes: Recipes }> = async (app, { core, recipes: service }) => {
  // Before body validation, as FastAPI's security dependency: a stranger learns nothing of the schema.
  app.addHook('preValidation', requireUser(core));

  for (const url of bothSlashes('/recettes/')) {
    const hide = !url.endsWith('/');
    app.post(
      url,
      {
        schema: { tags, summary: 'Créer une recette (brouillon)', hide, security, body: RecipeBody, response: { 201: RecipeSchema, ...responses } },
      },
      async (request, reply) => {
        const recipe = await service.create(signedIn(request).user, {
          title: request.body.titre,
          content: request.body.contenu,
        });
        return reply.code(201).send(recipeToWire(await showAuthor(core, recipe)));
      },
    );

    app.get(
      url,
      {
        schema: {
          tags,
          summary: 'Lister les recettes visibles (publiées, les siennes; toutes pour MODERATEUR et ADMIN)',
          hide,
          security,
          querystring: ListQuery,
          response: { 200: Type.Array(RecipeSchema), ...responses },
        },
      },
      async (request) => {
        const { status, skip, limit } = request.query;
        const recipes = await service.list(signedIn(request).user, {
          ...(status ? { status } : {}),
          offset: skip ?? 0,
          limit: limit ?? 100,
        });
        return (await showAuthors(core, recipes)).map(recipeToWire);
      },
    );
  }

  for (const url of bothSlashes('/recettes/:recette_id')) {
    const hide = url.endsWith('/');
    app.get(
      url,
      { schema: { tags, summary: 'Obtenir une recette', hide, security, params: RecipeParams, response: { 200: RecipeSchema, ...responses } } },
      async (request) => recipeToWire(await showAuthor(core, await service.get(signedIn(request).user, request.params.recette_id))),
    );

    app.put(
      url,
      {
        schema: {
          tags,
          summary: 'Modifier une recette (son auteur); elle redevient brouillon',
          hide,
          security,
          params: RecipeParams,
          body: RecipeBody,
          response: { 200: RecipeSchema, ...responses },
        },
      },
      async (request) => {
        const recipe = await service.update(signedIn(request).user, request.params.recette_id, {
          title: request.body.titre,
          content: request.body.contenu,
        });
        return recipeToWire(await showAuthor(core, recipe));
      },
    );
  }

  for (const url of bothSlashes('/recettes/:recette_id/status')) {
    app.patch(
      url,
      {
        schema: {
          tags,
          summary: "Modifier le statut d'une recette: draft → submitted → published | rejected",
          hide: url.endsWith('/'),
          security,
          params: RecipeParams,
          body: StatusBody,
          response: { 200: RecipeSchema, ...responses },
        },
      },
      async (request) => {
        const recipe = await service.changeStatus(signedIn(request).user, request.params.recette_id, request.body.status);
        return recipeToWire(await showAuthor(core, recipe));
      },
    );
  }
};
