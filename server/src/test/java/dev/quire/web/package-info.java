/**
 * Browser tests: the bundled web client in the system Chromium (Playwright for Java) against the real
 * server on a free port. They fail, never skip, when Chromium is missing.
 */
package dev.quire.web;
