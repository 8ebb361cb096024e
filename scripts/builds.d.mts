// Types of builds.mjs (plain JavaScript, so that `npm start` needs no TypeScript loader).
export declare const serverEntry: string;
export declare const serverNodeFlags: string[];
export declare function webBuildIsStale(): boolean;
export declare function serverBuildIsStale(): boolean;
export declare function buildWebApp(): void;
export declare function buildServer(): void;
export declare function buildWhatIsStale(say?: (line: string) => void): void;
