package dev.switchboard.cli;

import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.client.auth.AuthorizationHandler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The authorization step for servers that approve at once (test authorization servers, the
 * conformance suite's mock): GET the authorization URL without following its redirect and
 * return the redirect's {@code Location}. Nothing listens on the redirect URI; none is needed.
 */
final class HeadlessAuthorization implements AuthorizationHandler {
    private final URI redirectUri;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    HeadlessAuthorization(URI redirectUri) {
        this.redirectUri = redirectUri;
    }

    @Override
    public URI redirectUri() {
        return redirectUri;
    }

    @Override
    public URI authorize(URI authorizationUrl) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(authorizationUrl).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        String location = r.headers().firstValue("Location").orElse(null);
        if (r.statusCode() / 100 != 3 || location == null) {
            throw new AuthorizationException("the authorization endpoint answered HTTP " + r.statusCode()
                    + " without a redirect; it needs a person (use --login)");
        }
        return authorizationUrl.resolve(location);
    }
}
