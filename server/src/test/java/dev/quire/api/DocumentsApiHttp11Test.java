package dev.quire.api;

import java.net.http.HttpClient;

class DocumentsApiHttp11Test extends DocumentsApiContract {
    @Override
    HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }
}
