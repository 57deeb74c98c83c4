// The account policy as a table: every role × every action on another account (or creating one) ×
// every API that offers it, over real HTTP on SQLite and PostgreSQL. Each cell is
// allowed (a 2xx, or for a list: the account is in it) or refused (403 in that
// API's own shape, or for a list: the account is left out). The tables below are
// written out by hand from the issue: the kernel's rule is native's column, and
// every legacy API's allowed cells are a subset of it (an adapter narrows, never
// widens); moderators read the same accounts through native and crdm (everything
// up to their own level, never an admin), userapi narrows to strictly lower levels.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Role, User } from '../../src/core/model.js';
import type { Action } from '../../src/core/policy.js';
import { call as cdc, tokenFor } from '../helpers/coinduchef-client.js';
import { Spa } from '../helpers/crdm-client.js';
import { dialects } from '../helpers/databases.js';
import { bearer, passwordGrant } from '../helpers/native-client.js';
import { call as userapi, login, withToken } from '../helpers/userapi-client.js';
import { useTestApp, type TestApp } from '../helpers/test-app.js';

const PASSWORD = 'correct horse battery staple';
const ROLES: Role[] = ['USER', 'MODERATOR', 'ADMIN'];
const short = { USER: 'U', MODERATOR: 'M', ADMIN: 'A' } as const;
type Cell = `${'U' | 'M' | 'A'}→${'U' | 'M' | 'A'}`;

const ADMIN_ON_ANY: Cell[] = ['A→U', 'A→M', 'A→A'];
const UP_TO_OWN_LEVEL: Cell[] = ['M→U', 'M→M', 'A→U', 'A→M', 'A→A'];
const STRICTLY_LOWER: Cell[] = ['M→U', 'A→U', 'A→M'];

/** What each API allows, cell by cell; an action an API does not offer is absent. */
const EXPECTED: Record<ApiName, Partial<Record<Action, Cell[]>>> = {
  native: {
    'read-other-user': UP_TO_OWN_LEVEL,
    'list-users': UP_TO_OWN_LEVEL,
    'update-other-profile': ADMIN_ON_ANY,
    'change-email-of-other': ADMIN_ON_ANY,
    'set-email-verified': ADMIN_ON_ANY,
    'change-role': ADMIN_ON_ANY,
    'delete-other': ADMIN_ON_ANY,
    'read-audit': ADMIN_ON_ANY,
    'create-user': ADMIN_ON_ANY,
  },
  crdm: {
    'read-other-user': UP_TO_OWN_LEVEL,
    'list-users': UP_TO_OWN_LEVEL,
    'update-other-profile': ADMIN_ON_ANY,
    'delete-other': ADMIN_ON_ANY,
  },
  userapi: {
    'read-other-user': STRICTLY_LOWER,
    'update-other-profile': ADMIN_ON_ANY,
    'change-role': ADMIN_ON_ANY,
    'delete-other': ['A→U', 'A→M'],
  },
  coinduchef: {
    'read-other-user': ADMIN_ON_ANY,
    'list-users': ADMIN_ON_ANY,
    'update-other-profile': ADMIN_ON_ANY,
    'change-email-of-other': ADMIN_ON_ANY,
    'set-password-of-other': ADMIN_ON_ANY,
    'change-role': ADMIN_ON_ANY,
    'delete-other': ADMIN_ON_ANY,
    'create-user': ADMIN_ON_ANY,
  },
};
type ApiName = 'native' | 'crdm' | 'userapi' | 'coinduchef';

/** A signed-in actor of one API: how it sends a request. */
type Send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: object) => Promise<LightMyRequestResponse>;
type Outcome = 'allowed' | 'refused';
type Try = (send: Send, target: User, fresh: string) => Promise<Outcome>;

interface ApiCase {
  signIn(t: TestApp, email: string): Promise<Send>;
  /** A refusal in this API's own shape. */
  refusal(response: LightMyRequestResponse): boolean;
  actions: Partial<Record<Action, Try>>;
}

const otherRole = (role: Role): Role => (role === 'USER' ? 'MODERATOR' : 'USER');
const written = (response: LightMyRequestResponse): Outcome => (response.statusCode < 300 ? 'allowed' : 'refused');
/** A list shows the target or leaves it out (a 403 leaves everything out). */
const listed = (response: LightMyRequestResponse, ids: (body: unknown) => number[], target: User): Outcome =>
  response.statusCode === 200 && ids(response.json()).includes(target.id) ? 'allowed' : 'refused';
const idsOf = (body: unknown) => (body as { id: number }[]).map((user) => user.id);

const API_CASES: Record<ApiName, ApiCase> = {
  native: {
    async signIn(t, email) {
      const { access_token } = (await passwordGrant(t.app, email, PASSWORD)).json<{ access_token: string }>();
      return (method, url, payload) => t.app.inject({ method, url, headers: bearer(access_token), ...(payload ? { payload } : {}) });
    },
    refusal: (r) => r.statusCode === 403 && r.headers['content-type']?.toString().startsWith('application/problem+json') === true && r.json().code === 'forbidden',
    actions: {
      'read-other-user': async (send, u) => written(await send('GET', `/v1/users/${u.id}`)),
      'list-users': async (send, u) =>
        listed(await send('GET', `/v1/users?email=${encodeURIComponent(u.email)}`), (b) => idsOf((b as { items: unknown }).items), u),
      'update-other-profile': async (send, u) => written(await send('PATCH', `/v1/users/${u.id}`, { first_name: 'Changé' })),
      'change-email-of-other': async (send, u, fresh) => written(await send('PATCH', `/v1/users/${u.id}`, { email: fresh })),
      'set-email-verified': async (send, u) => written(await send('PATCH', `/v1/users/${u.id}`, { email_verified: false })),
      'change-role': async (send, u) => written(await send('PATCH', `/v1/users/${u.id}`, { role: otherRole(u.role).toLowerCase() })),
      'delete-other': async (send, u) => written(await send('DELETE', `/v1/users/${u.id}`)),
      'read-audit': async (send, u) => written(await send('GET', `/v1/users/${u.id}/events`)),
      // Creating: the cell's target role is the role of the new account.
      'create-user': async (send, u, fresh) => written(await send('POST', '/v1/users', { email: fresh, role: u.role.toLowerCase() })),
    },
  },
  crdm: {
    async signIn(t, email) {
      const spa = new Spa(t.app);
      await spa.signIn(email, PASSWORD);
      return (method, path, payload) => spa.request(method, path, payload);
    },
    refusal: (r) => r.statusCode === 403 && r.json().message === 'This action is unauthorized.',
    actions: {
      'read-other-user': async (send, u) => written(await send('GET', `/api/user/${u.id}`)),
      'list-users': async (send, u) => listed(await send('GET', '/api/users'), idsOf, u),
      'update-other-profile': async (send, u) => written(await send('PATCH', `/api/user/${u.id}`, { name: 'Changé' })),
      'delete-other': async (send, u) => written(await send('DELETE', `/api/user/${u.id}`)),
    },
  },
  userapi: {
    async signIn(t, email) {
      const { token } = (await login(t.app, email, PASSWORD)).json<{ token: string }>();
      return (_method, path, query) => userapi(t.app, path, { query: query as Record<string, string>, headers: withToken(token) });
    },
    refusal: (r) => r.statusCode === 403 && r.json().success === false,
    actions: {
      'read-other-user': async (send, u) => written(await send('POST', '/getuser', { id: String(u.id) })),
      'update-other-profile': async (send, u) =>
        written(await send('POST', '/update', { data: JSON.stringify({ id: u.id, prenom: 'Changé' }) })),
      'change-role': async (send, u) =>
        written(await send('POST', '/change_user_elev', { id: String(u.id), level: otherRole(u.role) === 'USER' ? '1' : '2' })),
      'delete-other': async (send, u) => written(await send('POST', '/delete', { id: String(u.id) })),
    },
  },
  coinduchef: {
    async signIn(t, email) {
      const { token } = await tokenFor(t.app, email, PASSWORD);
      return (method, path, payload) => cdc(t.app, method, path, token, payload);
    },
    refusal: (r) => r.statusCode === 403 && r.json().detail === 'Droits insuffisants pour cette opération.',
    actions: {
      'read-other-user': async (send, u) => written(await send('GET', `/utilisateurs/${u.id}`)),
      'list-users': async (send, u) => listed(await send('GET', '/utilisateurs'), idsOf, u),
      'update-other-profile': async (send, u) => written(await send('PATCH', `/utilisateurs/${u.id}`, { prenom: 'Changé' })),
      'change-email-of-other': async (send, u, fresh) => written(await send('PATCH', `/utilisateurs/${u.id}`, { courriel: fresh })),
      'set-password-of-other': async (send, u) =>
        written(await send('PATCH', `/utilisateurs/${u.id}`, { mot_de_passe: 'choisi par un autre' })),
      'change-role': async (send, u) =>
        written(await send('PATCH', `/utilisateurs/${u.id}`, { role: otherRole(u.role) === 'USER' ? 'UTILISATEUR' : 'MODERATEUR' })),
      'delete-other': async (send, u) => written(await send('DELETE', `/utilisateurs/${u.id}`)),
      'create-user': async (send, u, fresh) =>
        written(await send('POST', '/utilisateurs', {
          prenom: 'Nouveau', nom: 'Compte', courriel: fresh, mot_de_passe: 'une phrase de passe solide',
          role: { USER: 'UTILISATEUR', MODERATOR: 'MODERATEUR', ADMIN: 'ADMIN' }[u.role],
        })),
    },
  },
};

for (const dialect of dialects) {
  describe(`the account policy table on ${dialect.name}`, () => {
    const t = useTestApp(dialect);
    let n = 0;
    const account = async (role: Role): Promise<User> => {
      n += 1;
      const context = { api: 'test', ip: null, userAgent: null };
      const user = await t.core.accounts.signUp({ email: `p${n}@policy.test`, password: PASSWORD }, context, { emailVerified: true });
      return role === 'USER' ? user : t.store.users.update(user.id, { role }, new Date());
    };
    const actors = {} as Record<Role, User>;
    before(async () => {
      for (const role of ROLES) actors[role] = await account(role);
    });

    test('every legacy API allows a subset of what the kernel (native) allows', () => {
      for (const [api, table] of Object.entries(EXPECTED)) {
        for (const [action, cells] of Object.entries(table)) {
          const kernel = EXPECTED.native[action as Action];
          if (!kernel) continue;
          for (const cell of cells) assert.ok(kernel.includes(cell), `${api} widens ${action} ${cell}`);
        }
      }
      assert.deepEqual(EXPECTED.crdm['read-other-user'], EXPECTED.native['read-other-user'], 'moderators read alike');
    });

    for (const [api, apiCase] of Object.entries(API_CASES) as [ApiName, ApiCase][]) {
      test(`${api}: every role × every action × every target role`, async () => {
        const failures: string[] = [];
        for (const actorRole of ROLES) {
          const send = await apiCase.signIn(t, actors[actorRole].email);
          for (const [action, attempt] of Object.entries(apiCase.actions) as [Action, Try][]) {
            const allowedCells = EXPECTED[api][action] ?? [];
            for (const targetRole of ROLES) {
              const cell: Cell = `${short[actorRole]}→${short[targetRole]}`;
              const target = await account(targetRole);
              const recorded: LightMyRequestResponse[] = [];
              const recording: Send = async (...args) => {
                const response = await send(...args);
                recorded.push(response);
                return response;
              };
              const outcome = await attempt(recording, target, `fresh${n}@policy.test`);
              const expected: Outcome = allowedCells.includes(cell) ? 'allowed' : 'refused';
              if (outcome !== expected) failures.push(`${action} ${cell}: ${outcome}, expected ${expected} (${recorded[0]?.statusCode} ${recorded[0]?.body.slice(0, 120)})`);
              const last = recorded.at(-1)!;
              if (outcome === 'refused' && last.statusCode !== 200 && !apiCase.refusal(last)) {
                failures.push(`${action} ${cell}: refused as ${last.statusCode} ${last.body.slice(0, 120)}, not in ${api}'s shape`);
              }
            }
          }
        }
        assert.deepEqual(failures, []);
      });
    }
  });
}
