// What the OIDC adapter knows of its relying parties and consents.

export type IdTokenAlg = 'RS256' | 'ES256' | 'EdDSA';
export const ID_TOKEN_ALGS: readonly IdTokenAlg[] = ['RS256', 'ES256', 'EdDSA'];

export interface OidcClient {
  clientId: string;
  name: string;
  /** SHA-256 of the secret; null for a public client. */
  secretHash: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  public: boolean;
  firstParty: boolean;
  idTokenAlg: IdTokenAlg;
  createdAt: Date;
  updatedAt: Date;
}

export interface OidcConsent {
  clientId: string;
  clientName: string;
  scopes: string[];
  grantedAt: Date;
}
