export * from "./queries/queue-source.js";
export * from "./server/create-dashboard-app.js";
export * from "./server/start-dashboard.js";
