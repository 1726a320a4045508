/** The version of this SDK; a plugin's `engines.qmo` range must accept it. Kept equal to package.json by a test. */
export const SDK_VERSION = '1.0.0';
