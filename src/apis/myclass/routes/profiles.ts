// Seed 000 §6, "profils temporaires", in the style of the goals:
// add_update_user_profil (create or replace the profile `nom_profil`) and
// get_user_profil (every profile, or the one named). The highest experience comes
// as a JSON object `experience {pays, poste, annees}` or flat `experience_pays`…

import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { CoreError } from '../../../core/errors.js';
import { authorize } from '../auth.js';
import { messagesFor, withWireFields } from '../errors.js';
import type { MyclassOptions } from '../index.js';
import { Params } from '../params.js';
import { endpoint, success } from '../route.js';
import { ProfileSchema, profileToWire } from '../wire.js';
import { OWNER_EMAIL } from './goals.js';

const PROFILE_FIELDS = {
  name: 'nom_profil',
  education_level: 'niveau_etude',
  field_of_study: 'domaine_etude',
  diploma: 'diplome',
  country: 'pays',
  'experience.country': 'experience.pays',
  'experience.position': 'experience.poste',
  'experience.years': 'experience.annees',
};

const PROFILE_NAME = ['nom_profil', 'name', 'nom'];
const orNull = (text: string | undefined) => (text === undefined || text === '' ? null : text);

function years(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  if (!/^\d{1,3}$/.test(text)) {
    throw new CoreError('validation_failed', { fields: { 'experience.annees': ['must be a whole number from 0 to 80'] } });
  }
  return Number(text);
}

function experienceFrom(params: Params) {
  const nested = params.object('experience');
  const pick = (inner: string[], flat: string[]) => (nested ? nested.text(...inner) : undefined) ?? params.text(...flat);
  return {
    country: orNull(pick(['pays'], ['experience_pays'])),
    position: orNull(pick(['poste'], ['experience_poste'])),
    years: years(pick(['annees', 'annee', 'annee_experience'], ['experience_annees', 'annee_experience'])),
  };
}

export async function profileRoutes(app: FastifyInstance, { core, domains }: MyclassOptions): Promise<void> {
  endpoint(app, 'add_update_user_profil', { summary: 'Create or replace a temporary profile' }, async (request) => {
    const params = Params.from(request);
    const { target } = await authorize(core, request, params, OWNER_EMAIL);
    const name = params.nonEmpty(...PROFILE_NAME);
    if (!name) throw new CoreError('validation_failed', { fields: { nom_profil: ['is required'] } });
    const { record: profile, created } = await withWireFields(PROFILE_FIELDS, async () =>
      domains.myclass.profiles.save(target.id, {
        name,
        educationLevel: orNull(params.text('niveau_etude')),
        fieldOfStudy: orNull(params.text('domaine_etude')),
        diploma: orNull(params.text('diplome')),
        country: orNull(params.text('pays')),
        experience: experienceFrom(params),
      }),
    );
    return success(messagesFor(request).profileSaved(profile.name, created));
  });

  endpoint(
    app,
    'get_user_profil',
    { summary: "A user's temporary profiles, or the one named", data: Type.Array(ProfileSchema) },
    async (request) => {
      const params = Params.from(request);
      const { target } = await authorize(core, request, params, OWNER_EMAIL);
      const profiles = await domains.myclass.profiles.list(target.id, params.nonEmpty(...PROFILE_NAME));
      return success(profiles.map((profile) => profileToWire(profile, target)));
    },
  );
}
