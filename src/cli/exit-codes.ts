/** Exit codes (DESIGN.md §3). */
export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_USAGE = 2;
export const EXIT_SERVICE_UNAVAILABLE = 3;
