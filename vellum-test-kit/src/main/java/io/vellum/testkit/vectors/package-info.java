/**
 * Where the shared QLDB vectors are, and what a test does when they are not there: skip (a fresh clone) or fail
 * (CI, {@code -Dvellum.vectors.required=true}). The vectors are read in place, never copied into the project.
 */
package io.vellum.testkit.vectors;
