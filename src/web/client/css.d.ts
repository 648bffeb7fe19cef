/** Stylesheets imported by components: Bun's bundler gathers them into the dashboard's one CSS file. */
declare module "*.css";
