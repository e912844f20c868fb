// The OpenID provider the SSO tests sign in through: the certified `oidc-provider` package,
// on 127.0.0.1 and a free port. Clients come as JSON in OP_CLIENTS; a person signs in by
// typing their email as the login (any password), which becomes `sub` and `email`.
// Prints "ISSUER <url>" once listening; stops when its stdin closes (the test run ended).
import http from 'node:http';
import Provider from 'oidc-provider';

const clients = JSON.parse(process.env.OP_CLIENTS || '[]');
const server = http.createServer();

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients,
    pkce: { required: () => true },
    cookies: { keys: ['careercenter-test-op-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    // The person's consent is taken as given, so the test signs in with one form.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: id, email_verified: true, name: `Test ${id.split('@')[0]}` };
        },
      };
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`ISSUER ${issuer}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
