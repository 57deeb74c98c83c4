// Registering relying parties (admin only) and the consents users gave them. A
// confidential client's secret is shown once and kept as a SHA-256 hash (it is 32
// random bytes, so a slow hash adds nothing); redirect URIs are compared exactly.

import { randomBytes } from 'node:crypto';
import { mayManageAccounts } from '../../core/admin-tool-rules.js';
import { CoreError, invalidField } from '../../core/errors.js';
import type { User } from '../../core/model.js';
import { randomId, sha256 } from '../../core/opaque-tokens.js';
import type { Clock } from '../../core/ports.js';
import type { Sessions } from '../../core/sessions.js';
import type { OidcClientRepo } from './client-repository.js';
import type { OidcGrantRepo } from './grant-repository.js';
import { ID_TOKEN_ALGS, type IdTokenAlg, type OidcClient, type OidcConsent } from './model.js';

export interface ClientFields {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  public?: boolean;
  firstParty?: boolean;
  idTokenAlg?: IdTokenAlg;
}

export interface CreatedClient {
  client: OidcClient;
  /** Confidential clients only; never stored. */
  secret: string | null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function checkUris(field: string, uris: string[]): string[] {
  for (const uri of uris) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw invalidField(field, `not an absolute URL: ${uri}`);
    }
    if (url.hash) throw invalidField(field, 'a redirect URI has no fragment');
    const web = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
    // Native apps use private-use schemes (com.example.app:/callback); never javascript: or data:.
    const native = /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol);
    if (!web && !native) throw invalidField(field, `https (or http on loopback) is required: ${uri}`);
  }
  return [...new Set(uris)];
}

export class RelyingParties {
  constructor(
    private readonly clients: OidcClientRepo,
    private readonly grants: OidcGrantRepo,
    private readonly sessions: Sessions,
    private readonly clock: Clock,
  ) {}

  private assertAdmin(actor: User | null): void {
    if (actor && !mayManageAccounts(actor)) throw new CoreError('forbidden');
  }

  /** `actor` null: the operator's CLI. */
  async create(actor: User | null, fields: ClientFields): Promise<CreatedClient> {
    this.assertAdmin(actor);
    const now = this.clock.now();
    const isPublic = fields.public ?? false;
    const secret = isPublic ? null : randomBytes(32).toString('base64url');
    const client: OidcClient = {
      clientId: randomId(16),
      name: checkName(fields.name),
      secretHash: secret ? sha256(secret) : null,
      redirectUris: checkUris('redirect_uris', fields.redirectUris),
      postLogoutRedirectUris: checkUris('post_logout_redirect_uris', fields.postLogoutRedirectUris ?? []),
      public: isPublic,
      firstParty: fields.firstParty ?? false,
      idTokenAlg: checkAlg(fields.idTokenAlg ?? 'RS256'),
      createdAt: now,
      updatedAt: now,
    };
    if (client.redirectUris.length === 0) throw invalidField('redirect_uris', 'at least one redirect URI is needed');
    await this.clients.insert(client);
    return { client, secret };
  }

  async list(actor: User): Promise<OidcClient[]> {
    this.assertAdmin(actor);
    return this.clients.list();
  }

  async get(actor: User, clientId: string): Promise<OidcClient> {
    this.assertAdmin(actor);
    const client = await this.clients.find(clientId);
    if (!client) throw new CoreError('not_found', { resource: 'client' });
    return client;
  }

  async update(actor: User, clientId: string, patch: Partial<Omit<ClientFields, 'public'>>): Promise<OidcClient> {
    const client = await this.get(actor, clientId);
    const next: OidcClient = {
      ...client,
      name: patch.name === undefined ? client.name : checkName(patch.name),
      redirectUris: patch.redirectUris === undefined ? client.redirectUris : checkUris('redirect_uris', patch.redirectUris),
      postLogoutRedirectUris:
        patch.postLogoutRedirectUris === undefined ? client.postLogoutRedirectUris : checkUris('post_logout_redirect_uris', patch.postLogoutRedirectUris),
      firstParty: patch.firstParty ?? client.firstParty,
      idTokenAlg: patch.idTokenAlg === undefined ? client.idTokenAlg : checkAlg(patch.idTokenAlg),
      updatedAt: this.clock.now(),
    };
    if (next.redirectUris.length === 0) throw invalidField('redirect_uris', 'at least one redirect URI is needed');
    await this.clients.update(next);
    return next;
  }

  async rotateSecret(actor: User, clientId: string): Promise<string> {
    const client = await this.get(actor, clientId);
    if (client.public) throw invalidField('client_id', 'a public client has no secret');
    const secret = randomBytes(32).toString('base64url');
    await this.clients.update({ ...client, secretHash: sha256(secret), updatedAt: this.clock.now() });
    return secret;
  }

  async delete(actor: User, clientId: string): Promise<void> {
    this.assertAdmin(actor);
    if (!(await this.clients.delete(clientId))) throw new CoreError('not_found', { resource: 'client' });
  }

  async consents(user: User): Promise<OidcConsent[]> {
    return this.grants.consents(user.id);
  }

  /** Forgets the consent and ends the user's sessions with that client (their tokens stop working). */
  async revokeConsent(user: User, clientId: string): Promise<void> {
    if (!(await this.grants.revokeConsent(user.id, clientId))) throw new CoreError('not_found', { resource: 'consent' });
    for (const grantId of await this.grants.grantsOf(user.id, clientId)) {
      const sessionId = await this.grants.sessionOf(grantId);
      if (sessionId) await this.sessions.revoke(sessionId, null, user.id);
    }
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw invalidField('name', 'a name of 1 to 100 characters');
  return trimmed;
}

function checkAlg(alg: string): IdTokenAlg {
  if (!(ID_TOKEN_ALGS as readonly string[]).includes(alg)) throw invalidField('id_token_signed_response_alg', 'RS256, ES256 or EdDSA');
  return alg as IdTokenAlg;
}
