/* A shared object that exports no wt_plugin_transport: refused (exit 3). */
int wt_plugin_transprot(void);
int wt_plugin_transprot(void) { return 0; }
