/** Stylesheets imported by components are bundled by Bun into the dashboard's CSS. */
declare module "*.css";
