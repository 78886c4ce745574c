export * from "./clinic";
export * from "./staff";
export * from "./auth";
export * from "./patients";
export * from "./audit";
export * from "./scheduling";
