package dev.quire.api;

import java.net.http.HttpClient;

/** The JDK client's default: HTTP/2, offering an h2c upgrade on plain http, which the server declines. */
class DocumentsApiHttp2Test extends DocumentsApiContract {
    @Override
    HttpClient.Version version() {
        return HttpClient.Version.HTTP_2;
    }
}
