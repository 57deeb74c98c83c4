// Seed 000 §1–3: add_user_account (sign-up + activation mail), get_user_account
// and update_user_account (only the fields given).

import type { FastifyInstance } from 'fastify';
import { CoreError } from '../../../core/errors.js';
import { LOCALES, type Locale, type ProfilePatch } from '../../../core/model.js';
import { assertValidProfile } from '../../../core/profile-validation.js';
import { rateLimit, spendBudgets } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import { negotiateLocale } from '../../../i18n/negotiate-locale.js';
import { authorize, MYCLASS_API } from '../auth.js';
import { messagesFor, MyclassFailure, withWireFields } from '../errors.js';
import { MYCLASS_NARROWING } from '../narrowing.js';
import { activationLink, emailConfirmationLink } from '../links.js';
import type { MyclassOptions } from '../index.js';
import { Params } from '../params.js';
import { endpoint, success } from '../route.js';
import { AccountSchema, accountToWire } from '../wire.js';

/** Core field names as this API calls them. */
const ACCOUNT_FIELDS = {
  email: 'Email',
  first_name: 'Name',
  last_name: 'Surname',
  phone: 'mob_phone',
  'address.street': 'adr_street',
  'address.city': 'adr_city',
  'address.zip': 'adr_zip',
  'address.country': 'adr_country',
  'social.facebook': 'facebook',
  'social.twitter': 'twitter',
  new_email: 'new_email',
};

/**
 * The document's updatable fields (its `adr_county` typo and the `adr_country` it
 * meant). `email` is both its search key and updatable: the new address comes as
 * `new_email` and changes once the link mailed to it is opened.
 */
const UPDATABLE = ['adr_street', 'adr_city', 'adr_zip', 'adr_county', 'adr_country', 'mob_phone', 'facebook', 'twitter', 'new_email'];

function requireAll(params: Params, names: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  const missing: Record<string, string[]> = {};
  for (const name of names) {
    const value = name === 'Pwd' ? params.raw(name) : params.nonEmpty(name);
    if (value === undefined || value === '') missing[name] = ['is required'];
    else values[name] = value;
  }
  if (Object.keys(missing).length > 0) throw new CoreError('validation_failed', { fields: missing });
  return values;
}

function chosenLocale(params: Params, acceptLanguage: string | undefined): Locale {
  const asked = params.nonEmpty('lang', 'locale')?.toLowerCase();
  if (asked === undefined) return negotiateLocale(acceptLanguage, 'fr');
  if ((LOCALES as readonly string[]).includes(asked)) return asked as Locale;
  throw new CoreError('validation_failed', { fields: { lang: ['must be fr, en, es or de'] } });
}

/** The patch of the fields given; an empty value clears the field. */
function patchFrom(params: Params): ProfilePatch {
  const value = (...names: string[]) => {
    const text = params.text(...names);
    return text === undefined ? undefined : text === '' ? null : text;
  };
  const patch: ProfilePatch = {};
  const address = {
    street: value('adr_street'),
    city: value('adr_city'),
    zip: value('adr_zip'),
    country: value('adr_country', 'adr_county'),
  };
  const social = { facebook: value('facebook'), twitter: value('twitter') };
  const phone = value('mob_phone');
  if (Object.values(address).some((v) => v !== undefined)) patch.address = address;
  if (Object.values(social).some((v) => v !== undefined)) patch.social = social;
  if (phone !== undefined) patch.phone = phone;
  return patch;
}

export async function accountRoutes(app: FastifyInstance, { core, store, config }: MyclassOptions): Promise<void> {
  const activation = activationLink(config);
  const emailConfirmation = emailConfirmationLink(config);

  const limit = rateLimit(config, 'signUp');
  endpoint(app, 'add_user_account', { summary: 'Create an account; mails its activation link', limit }, async (request) => {
    const params = Params.from(request);
    const given = requireAll(params, ['Name', 'Surname', 'Email', 'Pwd']);
    const locale = chosenLocale(params, request.headers['accept-language']);
    const user = await withWireFields(ACCOUNT_FIELDS, () =>
      core.accounts.signUp(
        { email: given.Email!, password: given.Pwd!, firstName: given.Name!, lastName: given.Surname!, locale },
        requestContext(request, MYCLASS_API),
        // Queued in the account's own transaction: no account without its activation mail.
        { verification: { link: activation, locale } },
      ),
    );
    return success(messagesFor(request).accountCreated(user.email));
  });

  endpoint(app, 'get_user_account', { summary: "An account's information", data: AccountSchema }, async (request) => {
    const { target } = await authorize(core, request, Params.from(request), ['email']);
    return success(accountToWire(await core.legacyIds.forApi('myclass').show(target)));
  });

  endpoint(app, 'update_user_account', { summary: 'Update the fields given' }, async (request) => {
    const params = Params.from(request);
    const { caller, target } = await authorize(core, request, params, ['email']);
    const patch = patchFrom(params);
    const newEmail = params.nonEmpty('new_email');
    const m = messagesFor(request);
    if (Object.keys(patch).length === 0 && newEmail === undefined) {
      throw new MyclassFailure(m.nothingToUpdate(UPDATABLE.join(', ')));
    }
    const context = requestContext(request, MYCLASS_API);
    await withWireFields(ACCOUNT_FIELDS, async () => {
      // Every check before any write: a refused new address leaves the other fields unchanged too.
      assertValidProfile(patch);
      if (target.id !== caller.id) {
        // An admin on another account: the kernel sets a new address at once and tells the old one,
        // mail the admin's budget pays for as well as the IP's (as native PATCH /v1/users/{id}).
        if (newEmail !== undefined) await spendBudgets(request, { config, store }, 'mail', caller.id);
        await core.users.update(caller, target.id, { ...patch, ...(newEmail === undefined ? {} : { email: newEmail }) }, context, {
          narrowing: MYCLASS_NARROWING,
        });
        return;
      }
      if (newEmail !== undefined) {
        // Mail to another address, and an "already taken" answer that must not enumerate
        // accounts faster than this: the caller's budget as well as the IP's.
        await spendBudgets(request, { config, store }, 'mail', caller.id);
        await core.emailChange.request(target, newEmail, { link: emailConfirmation, context });
      }
      if (Object.keys(patch).length > 0) await core.accounts.updateProfile(target.id, patch, context);
    });
    return success(newEmail === undefined ? m.accountUpdated : m.emailChangeRequested(newEmail));
  });
}
