/**
 * Request paths in the one form that every layer reads alike: the front door, the authorisation checks of the REST
 * API and the WebSocket handshake, and the routers behind them (Jersey, Tyrus). Pure Java; knows nothing of HTTP
 * servers, documents or credentials.
 */
package dev.quire.path;
